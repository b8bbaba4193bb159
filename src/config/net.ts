import type { CargoConfig } from './config.js';

/**
 * What cargo's configuration says about the network (`[net]` and `[http]`), checked as cargo
 * checks it when it first goes online. Unset values are cargo's defaults.
 */
export interface NetworkSettings {
  /** `net.retry` (`CARGO_NET_RETRY`): how many times a spurious network error is retried; 3. */
  retry: number;
  /**
   * `http.proxy` (`CARGO_HTTP_PROXY`), in libcurl's `[protocol://]host[:port]`. Unset, cargo's
   * libcurl takes the standard variables: `https_proxy`/`HTTPS_PROXY` for HTTPS,
   * `http_proxy` for HTTP, and `no_proxy`/`NO_PROXY`.
   */
  proxy?: string;
  /** `http.timeout` (`CARGO_HTTP_TIMEOUT`, else `HTTP_TIMEOUT`): seconds per request; 30. */
  timeoutSeconds: number;
  /** `http.low-speed-limit` (`CARGO_HTTP_LOW_SPEED_LIMIT`): bytes/s below which, for `timeoutSeconds`, a transfer is too slow; 10. */
  lowSpeedLimit: number;
  /** `http.cainfo` (`CARGO_HTTP_CAINFO`): a CA bundle, made absolute as cargo resolves config paths. */
  cainfo?: string;
}

/** `net_config()` and `http_config()`, each value checked; throws the first bad one with its file and line. */
export function networkSettings(config: CargoConfig): NetworkSettings {
  const net = netConfig(config);
  // In the order of cargo's `CargoHttpConfig` fields, so the first bad value is the one cargo reports.
  const proxy = config.string(['http', 'proxy'])?.value;
  const lowSpeedLimit = config.integer(['http', 'low-speed-limit'], 'u32')?.value ?? 10;
  const timeout = config.integer(['http', 'timeout'], 'u64')?.value ?? httpTimeoutVariable(config.env) ?? 30;
  const cainfo = config.path(['http', 'cainfo'])?.value;
  return { retry: net.retry ?? 3, proxy, timeoutSeconds: timeout, lowSpeedLimit, cainfo };
}

/**
 * `net.offline` (`CARGO_NET_OFFLINE`) as cargo's `configure` reads it: a `[net]` table it cannot
 * read counts as not offline there (the error comes later, if cargo goes online).
 */
export function offlineSetting(config: CargoConfig): boolean {
  try {
    return netConfig(config).offline ?? false;
  } catch {
    return false;
  }
}

function netConfig(config: CargoConfig): { retry?: number; offline?: boolean } {
  return {
    retry: config.integer(['net', 'retry'], 'u32')?.value,
    offline: config.boolean(['net', 'offline'])?.value,
  };
}

// Cargo's fallback for `http.timeout`, ignored when it is not a number.
function httpTimeoutVariable(env: NodeJS.ProcessEnv): number | undefined {
  const text = env['HTTP_TIMEOUT'];
  return text !== undefined && /^\+?[0-9]+$/.test(text) ? Number(text) : undefined;
}
