# ~/.bashrc of a kubeclass workspace: yours to edit. Keep the last line: it lets the page mark each
# command's result and lets lessons see what you ran.
HISTSIZE=10000
HISTFILESIZE=20000
shopt -s histappend checkwinsize
PS1='\[\e[1;32m\]learner@kubeclass\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\$ '
alias ls='ls --color=auto'
alias grep='grep --color=auto'
[ -r "${KUBECLASS_BASH_INTEGRATION-}" ] && . "$KUBECLASS_BASH_INTEGRATION"
