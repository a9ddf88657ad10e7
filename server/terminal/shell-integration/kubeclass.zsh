# kubeclass shell integration for zsh: the same OSC 633 marks as kubeclass.bash (see there and
# docs/architecture.md). zsh has native hooks: preexec receives the command line exactly as typed.
# zsh prints its partial-line marker (PROMPT_SP: the inverse % and a line of spaces) before any precmd hook,
# which would put it inside the command's output; so the integration turns PROMPT_SP off and draws the same
# marker itself right after the finish mark.
[[ -o interactive ]] || return 0
[[ -n ${__kc_loaded-} ]] && return 0
typeset -g __kc_loaded=1
typeset -g __kc_tag="${KUBECLASS_SHELL_NONCE-}:$$"
typeset -g __kc_running=0
typeset -g __kc_prompt_sp=0
typeset -g __kc_ps1_prefix=$'%{\e]633;A;'"$__kc_tag"$'\a%}'
typeset -g __kc_ps1_suffix=$'%{\e]633;B;'"$__kc_tag"$'\a%}'

__kc_escape() {
  emulate -L zsh
  local s=${1//\\/\\\\}
  s=${s//;/\\x3b}
  if [[ $s == *[[:cntrl:]]* ]]; then
    local out= c
    for c in ${(s::)s}; do
      if [[ $c == [[:cntrl:]] ]]; then c=$(printf '\\x%02x' "'$c"); fi
      out+=$c
    done
    s=$out
  fi
  REPLY=$s
}

__kc_preexec() {
  emulate -L zsh
  __kc_escape "$PWD"
  builtin printf '\e]633;P;Cwd=%s;%s\a' "$REPLY" "$__kc_tag"
  __kc_escape "$1"
  builtin printf '\e]633;E;%s;%s\a\e]633;C;%s\a' "$REPLY" "$__kc_tag" "$__kc_tag"
  __kc_running=1
}

__kc_precmd() {
  local kc_status=$?
  if (( __kc_running )); then
    builtin printf '\e]633;D;%s;%s\a' "$kc_status" "$__kc_tag"
    __kc_running=0
  fi
  # Once per prompt, unlike the A/B marks of PS1 that zle prints again on every redraw: the shell waits
  # for a new command (typed commands wait for this).
  builtin printf '\e]633;P;Prompt=%s;%s\a' "${HISTCMD-0}" "$__kc_tag"
  # No `emulate -L` in this function: it would restore every option on return, this change included.
  if [[ -o prompt_sp ]]; then
    __kc_prompt_sp=1
    unsetopt prompt_sp
  fi
  if (( __kc_prompt_sp )); then
    # As zsh does it: the marker, spaces to the edge; on a clean line \r lands before the marker and
    # the space erases it, after a partial line the spaces wrapped and the marker stays visible.
    local mark
    print -v mark -P -- "${PROMPT_EOL_MARK-%B%S%#%s%b}"
    builtin printf '%s%*s\r \r' "$mark" $(( ${COLUMNS:-80} - 1 )) ''
  fi
  # Keep this hook first, so it reads the command's status before other hooks change it.
  [[ ${precmd_functions[1]-} == __kc_precmd ]] || precmd_functions=(__kc_precmd ${precmd_functions:#__kc_precmd})
  [[ ${preexec_functions[(Ie)__kc_preexec]} -gt 0 ]] || preexec_functions+=(__kc_preexec)
  local p=${PS1//$__kc_ps1_prefix/}
  p=${p//$__kc_ps1_suffix/}
  PS1=$__kc_ps1_prefix$p$__kc_ps1_suffix
  return $kc_status
}

typeset -ga precmd_functions preexec_functions
precmd_functions=(__kc_precmd ${precmd_functions:#__kc_precmd})
preexec_functions+=(__kc_preexec)
# A new shell's first prompt: closes `exec zsh` (same pid) with status 0; ignored everywhere else.
builtin printf '\e]633;D;0;%s\a' "$__kc_tag"
