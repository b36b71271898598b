/** Status colours shared by every view: the same word means the same colour everywhere. */
export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral' | 'prod';
