// The sandbox's one node, named and addressed as kind names its control-plane container.
export const NODE_NAME = 'kubeclass-control-plane';
export const NODE_IP = '172.18.0.2';
