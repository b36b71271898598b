/** `podium ui --port` when it is not given. Its own file so `podium ui --help` loads no server. */
export const DEFAULT_UI_PORT = 8400;
