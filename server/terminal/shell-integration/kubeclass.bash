# kubeclass shell integration for bash (4.4 or later).
# Marks prompts and commands with OSC 633 sequences so the server can tell each command's line, output,
# exit status and directory, and the page can draw its gutter marks:
#   633;P;Cwd=<dir> 633;E;<command line> 633;C   a command line starts executing
#   633;D;<status>                                 it finished
#   633;A / 633;B                                  prompt start / prompt end
# Every mark ends with ";<nonce>:<pid>": the nonce tells our marks from ones a program prints, the pid tells
# nested shells apart. Values are escaped: \ as \\, ; and control bytes as \xHH.
#
# Why it is built this way:
# - PS0 is expanded once for every command line bash is about to run, including `( ... )` sub-shells, which
#   fire no DEBUG trap. Its command substitution prints the start marks (one fork per command, none per
#   prompt: forking in prompt hooks slows every prompt and doubles a session's start time; `history 1` is
#   read back through a file in KUBECLASS_STATE_DIR rather than a second fork); its arithmetic
#   subscript sets __kc_running in this shell.
# - The finish mark comes from the prompt hook, first in PROMPT_COMMAND, so that output of the learner's own
#   PROMPT_COMMAND is not counted as the command's output. If the learner replaced PROMPT_COMMAND, PS1 prints
#   it instead: bash keeps $? for prompt expansion even after PROMPT_COMMAND ran.
# - The learner may rewrite PS1, PS0 or PROMPT_COMMAND at any time: the prompt hook re-wraps PS1 and PS0
#   before each prompt, and a DEBUG trap puts the prompt hook back first in PROMPT_COMMAND.
# - History is the only place bash keeps the whole line as typed (pipelines, multi-line commands), so lines
#   starting with a space are kept in it (ignorespace is turned into nothing, ignoreboth into ignoredups).

[[ $- == *i* ]] || return 0
[[ -n ${__kc_loaded-} ]] && return 0
(( BASH_VERSINFO[0] > 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] >= 4) )) || return 0
__kc_loaded=1

__kc_tag="${KUBECLASS_SHELL_NONCE-}:$$"
__kc_running=0
__kc_empty=()
# Indexed by __kc_running: nothing, or the finish mark with @ standing for the status.
__kc_finish=('' $'\e]633;D;@;'"$__kc_tag"$'\a')
__kc_ps1_prefix='\[${__kc_finish[__kc_running]/@/$?}\e]633;A;'"$__kc_tag"'\a\]${__kc_empty[__kc_running=0]-}'
__kc_ps1_suffix='\[\e]633;B;'"$__kc_tag"'\a\]'
__kc_ps0_prefix='$(__kc_preexec)${__kc_empty[__kc_running=1]-}'

__kc_escape() {
  local s=${1//\\/\\\\}
  s=${s//;/\\x3b}
  if [[ $s == *[[:cntrl:]]* ]]; then
    local out= c i
    for (( i = 0; i < ${#s}; i++ )); do
      c=${s:i:1}
      if [[ $c == [[:cntrl:]] ]]; then printf -v c '\\x%02x' "'$c"; fi
      out+=$c
    done
    s=$out
  fi
  __kc_escaped=$s
}

# Where PS0's sub-shell puts `history 1` to read it back: a second command substitution would fork again.
__kc_linefile=${KUBECLASS_STATE_DIR:+$KUBECLASS_STATE_DIR/line.$$}

# Runs inside PS0's command substitution (a sub-shell): prints, changes nothing.
__kc_preexec() {
  local line=
  if [[ -o history ]]; then
    if [[ -n $__kc_linefile ]] && { HISTTIMEFORMAT= builtin history 1 >| "$__kc_linefile"; } 2>/dev/null; then
      IFS= read -r -d '' line < "$__kc_linefile"
      line=${line%$'\n'}
    else
      line=$(HISTTIMEFORMAT= builtin history 1)
    fi
    [[ $line =~ ^[[:space:]]*[0-9]+[*]?[[:space:]][[:space:]](.*)$ ]] && line=${BASH_REMATCH[1]}
  fi
  __kc_escape "$PWD"
  builtin printf '\e]633;P;Cwd=%s;%s\a' "$__kc_escaped" "$__kc_tag"
  __kc_escape "$line"
  builtin printf '\e]633;E;%s;%s\a\e]633;C;%s\a' "$__kc_escaped" "$__kc_tag" "$__kc_tag"
}

__kc_unwrap() {
  local v=${1//"$2"/}
  __kc_unwrapped=${v//"$3"/}
}

__kc_install_prompt_command() {
  if (( BASH_VERSINFO[0] > 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] >= 1) )); then
    [[ ${PROMPT_COMMAND[0]-} == __kc_precmd ]] && return 0
    local -a rest=()
    local entry
    for entry in "${PROMPT_COMMAND[@]}"; do
      [[ $entry == __kc_precmd ]] || rest+=("$entry")
    done
    PROMPT_COMMAND=(__kc_precmd "${rest[@]}")
  else
    [[ ${PROMPT_COMMAND-} == __kc_precmd* ]] && return 0
    PROMPT_COMMAND="__kc_precmd${PROMPT_COMMAND:+; $PROMPT_COMMAND}"
  fi
}

__kc_repair() {
  if [[ $PS1 != "$__kc_ps1_prefix"*"$__kc_ps1_suffix" || $PS1 == "$__kc_ps1_prefix"*"$__kc_ps1_prefix"* ]]; then
    __kc_unwrap "$PS1" "$__kc_ps1_prefix" "$__kc_ps1_suffix"
    PS1=$__kc_ps1_prefix$__kc_unwrapped$__kc_ps1_suffix
  fi
  if [[ ${PS0-} != "$__kc_ps0_prefix"* || ${PS0-} == "$__kc_ps0_prefix"*"$__kc_ps0_prefix"* ]]; then
    __kc_unwrap "${PS0-}" "$__kc_ps0_prefix" ''
    PS0=$__kc_ps0_prefix$__kc_unwrapped
  fi
  case ${HISTCONTROL-} in
    *ignoreboth*) HISTCONTROL=${HISTCONTROL//ignoreboth/ignoredups} ;;
    *ignorespace*) HISTCONTROL=${HISTCONTROL//ignorespace/} ;;
  esac
  trap '__kc_debug "$_"' DEBUG
}

__kc_precmd() {
  local status=$?
  if (( __kc_running )); then
    builtin printf '\e]633;D;%s;%s\a' "$status" "$__kc_tag"
    __kc_running=0
  fi
  # Once per prompt, unlike the A/B marks of PS1 that readline prints again on every redraw (a multi-line
  # paste): the shell waits for a new command (typed commands wait for this).
  builtin printf '\e]633;P;Prompt=%s;%s\a' "${HISTCMD-0}" "$__kc_tag"
  __kc_repair
  return $status
}

__kc_debug() {
  [[ ${PROMPT_COMMAND[0]-} == __kc_precmd* ]] || __kc_install_prompt_command
}

__kc_install_prompt_command
__kc_repair
# A new shell's first prompt: closes `exec bash` (same pid) with status 0; ignored everywhere else.
builtin printf '\e]633;D;0;%s\a' "$__kc_tag"
