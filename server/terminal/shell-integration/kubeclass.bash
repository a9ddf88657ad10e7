# kubeclass shell integration for bash.
# Marks prompts and commands with OSC 633 sequences so the server can tell each command's line, output,
# exit status and directory, and the page can draw its gutter marks:
#   633;D;<status>  a prompt is drawn: the previous command finished with <status> (ignored if none ran)
#   633;A / 633;B   prompt start / prompt end
#   633;P;Cwd=<dir> 633;E;<command line> 633;C   a command line starts executing
# Every mark ends with ";<nonce>:<pid>": the nonce tells our marks from ones a program prints, the pid tells
# nested shells apart. Values are escaped: \ as \\, ; and control bytes as \xHH.
#
# Design notes (why it looks like this):
# - The finish mark lives in PS1 and reads $? there: bash keeps $? for prompt expansion even after
#   PROMPT_COMMAND ran, so the status is right whatever the learner puts in PROMPT_COMMAND.
# - PS1 arms the DEBUG trap through an arithmetic subscript, with no fork: forking in prompt hooks costs
#   milliseconds per prompt and doubles a session's start time.
# - The learner may rewrite PS1 or PROMPT_COMMAND at any time: the prompt hook re-wraps PS1 before each
#   prompt, and the DEBUG trap puts the prompt hook back first in PROMPT_COMMAND.

[[ $- == *i* ]] || return 0
[[ -n ${__kc_loaded-} ]] && return 0
__kc_loaded=1

__kc_tag="${KUBECLASS_SHELL_NONCE-}:$$"
__kc_armed=0
__kc_empty=()
__kc_last_histline=
__kc_ps1_prefix='\[\e]633;D;$?;'"$__kc_tag"'\a\e]633;A;'"$__kc_tag"'\a\]${__kc_empty[__kc_armed=1]-}'
__kc_ps1_suffix='\[\e]633;B;'"$__kc_tag"'\a\]'

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

__kc_wrap_ps1() {
  local p=${PS1//"$__kc_ps1_prefix"/}
  p=${p//"$__kc_ps1_suffix"/}
  PS1=$__kc_ps1_prefix$p$__kc_ps1_suffix
}

__kc_install_prompt_command() {
  if (( BASH_VERSINFO[0] > 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] >= 1) )); then
    [[ ${PROMPT_COMMAND[0]-} == __kc_precmd ]] && return 0
    local -a rest=() entry
    for entry in "${PROMPT_COMMAND[@]}"; do
      [[ $entry == __kc_precmd ]] || rest+=("$entry")
    done
    PROMPT_COMMAND=(__kc_precmd "${rest[@]}")
  else
    [[ ${PROMPT_COMMAND-} == __kc_precmd* ]] && return 0
    PROMPT_COMMAND="__kc_precmd${PROMPT_COMMAND:+; $PROMPT_COMMAND}"
  fi
}

__kc_precmd() {
  local status=$?
  [[ $PS1 == "$__kc_ps1_prefix"*"$__kc_ps1_suffix" && $PS1 != "$__kc_ps1_prefix"*"$__kc_ps1_prefix"* ]] || __kc_wrap_ps1
  trap '__kc_preexec "$_"' DEBUG
  return $status
}

__kc_command_line() {
  # The whole line as typed (pipelines, multi-line commands) comes from history; without history, or when
  # the line was not saved (ignorespace, ignoredups), fall back to what bash is about to run.
  local line=
  if [[ -o history ]]; then
    line=$(HISTTIMEFORMAT= builtin history 1)
    if [[ $line =~ ^[[:space:]]*([0-9]+)[*]?[[:space:]][[:space:]](.*)$ ]]; then
      local number=${BASH_REMATCH[1]} text=${BASH_REMATCH[2]}
      if [[ $number != "${__kc_last_histline%% *}" ]]; then
        __kc_last_histline="$number $text"
        __kc_command=$text
        return
      fi
      # Same history entry as last time: a duplicate (same text) or a line history did not keep.
      if [[ $text == "$BASH_COMMAND"* ]]; then
        __kc_command=$text
        return
      fi
    fi
  fi
  __kc_command=$BASH_COMMAND
}

__kc_preexec() {
  if [[ $BASH_COMMAND == __kc_precmd ]]; then
    # Enter on an empty line runs only the prompt hook: not a command.
    __kc_armed=0
    return
  fi
  [[ -n ${COMP_LINE-} ]] && return
  (( __kc_armed )) || { __kc_install_prompt_command; return; }
  __kc_armed=0
  __kc_install_prompt_command
  __kc_command_line
  __kc_escape "$PWD"
  builtin printf '\e]633;P;Cwd=%s;%s\a' "$__kc_escaped" "$__kc_tag"
  __kc_escape "$__kc_command"
  builtin printf '\e]633;E;%s;%s\a\e]633;C;%s\a' "$__kc_escaped" "$__kc_tag" "$__kc_tag"
}

__kc_install_prompt_command
__kc_wrap_ps1
trap '__kc_preexec "$_"' DEBUG
