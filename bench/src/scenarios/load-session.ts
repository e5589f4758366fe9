/** Clients connected once, measured as many times as needed (one rate, then a sweep of rates). */
export interface LoadSession<R> {
  run(rate: number, durationSeconds: number, tag: string): Promise<R>;
  close(): void | Promise<void>;
}
