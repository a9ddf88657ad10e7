# ~/.zshrc of a kubeclass workspace: yours to edit.
HISTFILE=~/.zsh_history
HISTSIZE=10000
SAVEHIST=10000
setopt inc_append_history
PROMPT='%B%F{green}learner@kubeclass%f%b:%B%F{blue}%~%f%b%# '
alias ls='ls --color=auto'
alias grep='grep --color=auto'
