/** Region-id helpers shared by the service modules. */

/** Alibaba region id shape (`cn-hangzhou`, `ap-southeast-1`, `cn-shanghai-finance-1`). */
export function isRegionIdShape(v: string): boolean {
  return /^[a-z]{2,}(-[a-z0-9]+){1,4}$/.test(v);
}

/** The region of a regional endpoint host (`vpc.cn-shanghai.aliyuncs.com` → `cn-shanghai`), if any. */
export function regionFromHost(host: string, product: string): string | undefined {
  const m = new RegExp(`^${product}\\.([a-z0-9-]+)\\.aliyuncs\\.com(:\\d+)?$`, "i").exec(host);
  return m && isRegionIdShape(m[1]!.toLowerCase()) ? m[1]!.toLowerCase() : undefined;
}
