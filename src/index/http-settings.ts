/**
 * What cargo's configuration says about reaching a registry over HTTP: the values of `[http]`
 * and `[net]` that the sparse index uses. Cargo's configuration (files and `CARGO_*` variables)
 * is read in src/config/ (`networkSettings`), which hands these over when it opens a registry.
 */
export interface HttpSettings {
  /**
   * `http.proxy`: every request goes through this proxy (`host:port` means `http://host:port`).
   * Without it, the standard variables apply, as libcurl reads them for cargo: `https_proxy` /
   * `HTTPS_PROXY` for https URLs, `http_proxy` (lowercase only) for http URLs, then
   * `all_proxy` / `ALL_PROXY`; `no_proxy` / `NO_PROXY` exempts hosts either way.
   */
  proxy?: string;
  /** `http.timeout`, in milliseconds: the limit on connecting and on a silent connection (cargo: 30 s). */
  timeoutMs: number;
  /** `net.retry`: how often a request that failed spuriously is tried again (cargo: 3). */
  retries: number;
  /** `http.cainfo`: a PEM file of certificates to trust besides Node's own (a TLS-inspecting proxy's). */
  cainfo?: string;
}

/** Cargo's defaults. */
export const DEFAULT_HTTP_SETTINGS: HttpSettings = { timeoutMs: 30_000, retries: 3 };

/**
 * The proxy for a request to `url`, as libcurl picks it for cargo, or undefined for a direct
 * connection. `http.proxy` wins over the environment; `no_proxy` applies to both (curl reads it
 * whatever set the proxy), and is left to the HTTP client, which reads the same list.
 */
export function proxyFor(
  protocol: 'http:' | 'https:',
  settings: Pick<HttpSettings, 'proxy'>,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const explicit = settings.proxy;
  const chosen =
    explicit ||
    (protocol === 'https:' ? env.https_proxy || env.HTTPS_PROXY : env.http_proxy) ||
    env.all_proxy ||
    env.ALL_PROXY ||
    undefined;
  if (!chosen) return undefined;
  // curl takes a proxy without a scheme to be an HTTP proxy.
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(chosen) ? chosen : `http://${chosen}`;
}

/** `no_proxy`, then `NO_PROXY`, as curl reads them. */
export function noProxy(env: NodeJS.ProcessEnv = process.env): string {
  return env.no_proxy ?? env.NO_PROXY ?? '';
}
