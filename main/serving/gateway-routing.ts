import type { Gateway } from './gateway.js';

export type RoutedService = { version: number; url: string };

/**
 * Where a gateway sends requests: one champion answers, every shadow gets a mirror. The one
 * message that steers a gateway process, whole rather than as steps: applying it twice changes
 * nothing, so it can be sent again after a restart or by a Podium that adopted the gateway.
 */
export type GatewayRouting = { champion: RoutedService | null; shadows: RoutedService[] };

/**
 * Brings a gateway to `routing` in the order that drops no request: shadows leave first (the
 * new champion may be one of them), then the champion switches and the old one drains, then new
 * shadows join. A null champion leaves the current one in place: traffic keeps its last answer
 * path until something else is promoted.
 */
export async function applyRouting(gateway: Gateway, routing: GatewayRouting): Promise<void> {
  const current = gateway.routing();
  for (const shadow of current.shadows) {
    const wanted = routing.shadows.find((s) => s.version === shadow.version);
    if (!wanted || wanted.url !== shadow.url) await gateway.removeShadow(shadow.version);
  }
  const champion = routing.champion;
  if (champion && (current.champion?.version !== champion.version || current.champion.url !== champion.url)) {
    await gateway.setChampion(champion.version, champion.url);
  }
  for (const shadow of routing.shadows) {
    if (!gateway.shadowVersions.includes(shadow.version)) gateway.addShadow(shadow.version, shadow.url);
  }
}
