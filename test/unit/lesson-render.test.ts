import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadLesson } from '../../server/lessons/format/load-lesson.js';
import { renderBody, renderLesson, renderMarkdown } from '../../server/lessons/format/render-lesson.js';
import { validLesson, writeTree } from '../support/lesson-fixtures.js';

describe('lesson renderer', () => {
  it('renders code actions as data attributes and folds as <details>, without the declaration', () => {
    const root = writeTree({ 'demo/lesson.zh.md': validLesson('demo', 'zh') });
    const result = loadLesson(join(root, 'demo'));
    assert.ok('lesson' in result);
    const page = renderLesson(result.lesson.locales.zh!);
    assert.equal(page.introHtml, '<p>Before the steps.</p>\n');
    const [deploy, call] = page.steps;
    assert.ok(deploy && call);
    assert.match(deploy.html, /<pre class="kc-code" data-lang="bash" data-run="true"><code class="language-bash">kubectl apply -f hello.yaml<\/code><\/pre>/);
    assert.doesNotMatch(deploy.html, /kubeclass|checks:/);
    // No title given: the locale's word for it.
    assert.match(deploy.html, /<details class="kc-hint"><summary>提示<\/summary>\s*<p>Look at <code>kubectl get ksvc<\/code>.<\/p>\s*<\/details>/);
    assert.match(call.html, /<pre class="kc-code" data-lang="yaml" data-file="hello.yaml">/);
    assert.match(call.html, /<details class="kc-solution"><summary>Show me<\/summary>\s*<pre class="kc-code" data-lang="bash" data-run="true" data-interrupt="true">/);
    assert.match(call.html, /curl -H "Host: hello.default.example.com" http:\/\/127.0.0.1<\/code>/);
  });

  it('sanitises hostile Markdown: no script, no handlers, no javascript: URLs', () => {
    const hostile = [
      '<script>alert("s")</script>',
      '',
      '<img src="x.png" onerror="alert(1)">',
      '',
      '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html,<script>alert(1)</script>) [ok](https://example.com/)',
      '',
      '<a href="javascript:alert(1)" onclick="alert(2)">raw</a> <a href="  javascript:alert(3)">spaced</a>',
      '',
      '<iframe src="https://example.com"></iframe><object data="x"></object><style>body{}</style>',
      '',
      '<details open ontoggle="alert(1)"><summary onmouseover="alert(1)">s</summary>d</details>',
      '',
      '<div style="background:url(javascript:alert(1))" class="evil">styled</div> <svg onload="alert(1)"></svg>',
      '',
      '![i](javascript:alert(1)) ![j](https://example.com/j.png)',
      '',
      '```bash run" onclick="alert(1)',
      'echo "<script>alert(1)</script>"',
      '```',
    ].join('\n');
    const html = renderMarkdown(hostile);
    assert.doesNotMatch(html, /<script|<iframe|<object|<style|<svg/i);
    assert.doesNotMatch(html, /\son\w+=/i, 'no event handler attribute');
    assert.doesNotMatch(html, /javascript:|data:text/i, 'no script URL in any attribute');
    assert.doesNotMatch(html, /style=|class="evil"/);
    assert.match(html, /<a href="https:\/\/example.com\/" rel="noopener noreferrer" target="_blank">ok<\/a>/);
    assert.match(html, /<img src="https:\/\/example.com\/j.png" alt="j" \/>/);
    assert.match(html, /<details><summary>s<\/summary>d<\/details>/);
    // Code is text: the script inside it is escaped, shown, and never markup.
    assert.match(html, /echo "&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    assert.doesNotMatch(html, /alert\("s"\)/, 'script content is dropped, not shown');
  });

  it('joins a wrapped line between two CJK characters (no stray space), not elsewhere, not in code', () => {
    const text = '平台负责运行它、给它分配地址、\n在负载上来时增加副本。Google Cloud\nRun 也是。\n\n```text\n第一行\n第二行\n```\n';
    const html = renderBody([{ kind: 'markdown', text, line: 1 }], 'zh');
    assert.match(html, /分配地址、在负载上来时/);
    assert.match(html, /Google Cloud\nRun/);
    assert.match(html, /第一行\n第二行/);
  });
});
