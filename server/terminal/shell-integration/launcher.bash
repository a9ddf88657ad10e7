# Started as `bash --rcfile launcher.bash`: the workspace's own ~/.bashrc first (the learner may edit it),
# then the integration, which guards itself against loading twice (~/.bashrc sources it too, for `exec bash`).
[ -r "$HOME/.bashrc" ] && . "$HOME/.bashrc"
[ -r "${KUBECLASS_BASH_INTEGRATION-}" ] && . "$KUBECLASS_BASH_INTEGRATION"
