# ZDOTDIR of a kubeclass zsh: the workspace's own ~/.zshrc first (the learner may edit it), then the
# integration. Nested zsh inherit ZDOTDIR, so they load it too.
[[ -r $HOME/.zshrc ]] && source $HOME/.zshrc
[[ -r ${KUBECLASS_ZSH_INTEGRATION-} ]] && source $KUBECLASS_ZSH_INTEGRATION
