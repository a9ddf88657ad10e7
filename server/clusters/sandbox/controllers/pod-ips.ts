// Pod IPs from the node's pod CIDR (kind's 10.244.0.0/24), released when a pod goes.

export class PodIpAllocator {
  private readonly used = new Set<number>();
  private next = 2;

  constructor(private readonly prefix = '10.244.0.') {}

  allocate(): string | undefined {
    for (let i = 0; i < 253; i++) {
      const candidate = ((this.next - 2 + i) % 253) + 2;
      if (!this.used.has(candidate)) {
        this.used.add(candidate);
        this.next = candidate + 1;
        return `${this.prefix}${candidate}`;
      }
    }
    return undefined;
  }

  release(ip: string | undefined): void {
    if (ip?.startsWith(this.prefix)) this.used.delete(Number(ip.slice(this.prefix.length)));
  }
}
