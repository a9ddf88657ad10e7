// What the checkers tell the learner, in Simplified Chinese. Technical tokens (flags, field paths, reasons,
// commands, the cluster's own words) stay verbatim, as the learner types or reads them in the terminal.
import type { Messages } from './en.js';

const q = (text: string): string => JSON.stringify(text);

export const zh: Messages = {
  list: (parts) => parts.join('；'),
  withHint: (hint, detail) => `${hint}${detail ? `（${detail}）` : ''}`,
  couldNotRun: (error) => `检查无法运行：${error}`,

  command: {
    exitCode: (commandLine, wanted, saw, printed) => `预期 ${q(commandLine)} 以退出码 ${wanted} 结束，实际退出码为 ${saw}${printed}`,
    printed: (lines) => `（它输出了：${lines.join(' / ')}）`,
    lastCommand: (commandLine) => `最后一条命令是 ${q(commandLine)}`,
    noCommandYet: '本步骤中还没有执行任何命令',
    expected: (pattern, seen) => `预期执行一条匹配 ${pattern} 的命令，实际上${seen}`,
  },

  output: {
    noCommandYet: (pattern) => `预期有匹配 ${pattern} 的输出，但还没有执行任何命令`,
    noMatchingCommand: (command) => `预期执行一条匹配 ${command} 的命令，但还没有执行`,
    printedNothing: '它什么也没有输出',
    printedText: (text) => `它输出的是 ${q(text)}`,
    expected: (pattern, commandLine, seen) => `预期 ${q(commandLine)} 的输出匹配 ${pattern}，${seen}`,
  },

  resource: {
    noCluster: '这个练习环境没有可供检查的集群',
    object: (kind, name, namespace) => (namespace ? `命名空间 ${namespace} 中的 ${kind} ${name}` : `${kind} ${name}`),
    objects: (plural, labelSelector, namespace) => `${namespace ? `命名空间 ${namespace} 中` : ''}${labelSelector ? `带标签 ${labelSelector} 的 ` : ''}${plural}`,
    names: (shown, more) => shown.join('、') + (more > 0 ? `，以及另外 ${more} 个` : ''),
    gone: (object) => `预期 ${object} 已被删除，但它仍然存在`,
    exists: (object) => `预期存在 ${object}，但没有找到`,
    problem: (object, problem, why) => `${object}：${problem}${why ? `。${why}` : ''}`,
    none: (objects, names) => `预期没有 ${objects}，实际有 ${names}`,
    atLeast: (min) => `至少 ${min} 个`,
    exactly: (count) => `恰好 ${count} 个`,
    between: (min, max) => `${min} 到 ${max} 个`,
    count: (wanted, objects, seen, names) => `预期有${wanted} ${objects}，实际有 ${seen} 个${names ? `（${names}）` : ''}`,
    noneAsExpected: (objects, problems) => `没有一个 ${objects} 符合预期：${problems}`,
    noCondition: (type, wanted) => `预期条件 ${type}=${wanted}，但还没有 ${type} 条件`,
    conditionStatus: (type, wanted, status, said) => `预期条件 ${type}=${wanted}，实际为 ${type}=${status}${said ? `（${said}）` : ''}`,
    conditionReason: (type, reason, seen) => `预期条件 ${type} 的 reason 为 ${reason}，实际 reason 为 ${seen ?? '（无）'}`,
  },

  field: {
    inFile: (field, path) => `${path} 中的 ${field}`,
    equals: (field, value, seen) => `预期 ${field} 为 ${value}，实际为 ${seen}`,
    matches: (field, pattern, seen) => `预期 ${field} 匹配 ${pattern}，实际为 ${seen}`,
    set: (field, seen) => `预期 ${field} 有值，实际为 ${seen}`,
    notSet: '空（该字段未设置）',
    emptyString: '空字符串',
  },

  http: {
    refusedHost: (host) => `${host} 不是 GitHub（正确的主机是 raw.githubusercontent.com）：kubeclass 不会从它下载任何东西`,
    noAnswer: (url, error) => `预期 ${url} 有应答，实际：${error}`,
    timeout: (ms) => `${ms} 毫秒内没有应答`,
    refused: (host) => `连接被拒绝（${host}）`,
    status: (method, url, wanted, status, body) => `预期 ${method} ${url} 返回 ${wanted}，实际返回 ${status}${body ? `（${body}）` : ''}`,
    openFaasCredentials: '。OpenFaaS 网关的 /system/ 路径需要管理员凭据：请用 faas-cli login 登录（密码在 openfaas 命名空间的 basic-auth Secret 中）。',
    body: (url, pattern, body) => `预期 ${url} 的响应体匹配 ${pattern}，实际${body ? `为 ${body}` : '响应体为空'}`,
    noKnativeGateway: '这个集群没有可以接收请求的 Knative 网关',
    noOpenFaasGateway: '这个集群没有可以接收请求的 OpenFaaS 网关',
    noClusterForDomain: '这个练习环境没有集群，无法读取 Knative 的域名',
    noKnative: (configMap, namespace) => `这个集群没有安装 Knative：命名空间 ${namespace} 中没有 ConfigMap ${configMap}`,
    notUrl: (template) => `课程给出的 URL ${q(template)} 不是有效的 URL`,
  },

  file: {
    outside: (path) => `${path} 不在工作区内`,
    missing: (path) => `预期你的工作区中有文件 ${path}，但没有找到`,
    unreadable: (path, code) => `无法读取 ${path}：${code}`,
    notContaining: (path, pattern) => `预期 ${path} 包含 ${pattern}，但它不包含`,
    notReading: (path, value, seen) => `预期 ${path} 的内容为 ${value}，实际为 ${seen}`,
    notYaml: (path, line, error) => `${path} 不是有效的 YAML：第 ${line} 行：${error}`,
  },

  script: {
    timeout: (seconds, failures) => `验证脚本没有在 ${seconds} 秒内结束${failures ? `：${failures}` : ''}`,
    exit: (code, last) => `验证脚本以退出码 ${code} 结束${last ? `（${last}）` : ''}`,
  },

  quiz: {
    notAnswered: '还没有作答',
    choice: (index) => `选项 ${index}`,
    chosen: (choices) => choices.join('、'),
    wrong: (chosen, rightCount, explanation) => `不太对：你选择了 ${chosen}${rightCount > 1 ? `（正确答案共有 ${rightCount} 项）` : ''}${explanation ? `。${explanation}` : ''}`,
    noSuchQuiz: (checkId) => `本步骤中没有测验 ${checkId}`,
  },

  within: {
    window: (seconds, after) => (after === undefined ? `步骤开始后 ${seconds} 秒内` : `检查 ${after} 通过后 ${seconds} 秒内`),
    waiting: (after) => `正在等待检查 ${after} 先通过`,
    late: (window, detail) => `未能在${window}完成${detail ? `：${detail}` : ''}`,
    notYet: (window, detail) => `尚未完成（须在${window}完成）${detail ? `：${detail}` : ''}`,
  },

  mistakes: {
    namescpace: 'kubectl 没有 --namescpace 这个参数（这是原文的笔误：kubectl 会报 "unknown flag"，不会发出任何请求）。请写 --namespace，或 -n。',
    'custom-coloum': '输出格式应拼作 custom-columns（原文写成了 custom-coloum，kubectl 会拒绝它："unable to match a printer"）。',
    'ip-adderss': '$IP_ADDERSS 是 $IP_ADDRESS 的笔误：未设置的变量会展开为空，所以 curl 没有拿到地址（"URL using bad/illegal format"）。可以用 echo "$IP_ADDRESS" 检查一下。',
    'status-loadbalancer': 'JSONPath 的键区分大小写：字段是 .status.loadBalancer（大写 B）。写成小写 b 时，kubectl 什么也不输出，退出码却仍是 0。',
    'status-domain': ".status.domain 属于 Knative 的 v1alpha1 API，自 Knative v1 起已不存在：请改读 .status.url（kubectl get ksvc NAME -o jsonpath='{.status.url}'）。",
    githubusercontents: 'raw.githubusercontents.com 不是 GitHub（原文多写了一个 "s"）：正确的主机是 raw.githubusercontent.com。切勿从仿冒的主机下载文件。',
    'dead-stack-yaml': 'openfaas/faas 的 master 分支上已经没有 stack 文件了（原文的 stack.yaml 从未存在过，stack.yml 也已在 2022 年删除）：请使用本课程放在你工作区里的 stack.yml。',
  },

  diagnosis: {
    notReady: (object, status, said) => `${object} 尚未 Ready（Ready=${status}${said ? `，${said}` : ''}）`,
    ingressNotConfigured: '。IngressNotConfigured：还没有入口控制器接管这个路由；Knative 需要在 knative-serving 命名空间的 config-network ConfigMap 中把入口类（ingress class）设为 Kourier',
    pod: (pod, reason, container, why) => `Pod ${pod} 处于 ${reason} 状态（容器 ${container}）：${why}`.trim(),
    cannotPull: (image) => `无法拉取镜像 ${image}：请检查镜像名称和标签`,
  },
};
