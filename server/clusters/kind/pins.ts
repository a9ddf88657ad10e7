// What the kind cluster is pinned to, from docs/../shared/reference/knative-openfaas-facts.md (kn quickstart kind).

/** The kind cluster's name (its kubeconfig context is kind-kubeclass, as the sandbox's is). */
export const KIND_CLUSTER_NAME = 'kubeclass';
/** kn quickstart kind needs kind >= 0.30. */
export const KIND_MIN_VERSION = '0.30.0';
/** The node image: its Kubernetes minor decides which kubectl versions are within the supported skew. */
/** As kind v0.30.0's release notes pin it (by digest, so a re-pushed tag cannot change the node). */
export const KIND_NODE_IMAGE = 'kindest/node:v1.34.0@sha256:7416a61b42b1662ca6ca89f02028ac133a309a2a30ba309614e8ec94d976dc5a';
export const KUBERNETES_VERSION = '1.34.0';
/** The OpenFaaS chart (15.x) is a Helm 3 chart, installed with helm as upstream documents. */
export const HELM_MIN_VERSION = '3.0.0';
/** Host ports kind maps: Kourier's NodePort 31080 -> 80, the OpenFaaS gateway's NodePort 31112 -> 31112. */
export const DEFAULT_INGRESS_PORT = 80;
export const DEFAULT_GATEWAY_PORT = 31112;
/** kubeclass asks for this much available memory (the Knative docs ask for 3 GB; OpenFaaS adds about 1 GiB). */
export const MIN_FREE_MEMORY_BYTES = 4 * 1024 ** 3;
export const MIN_CPUS = 2;
