/** Clients connected once, measured as many times as needed (one rate, then a sweep of rates). */
export interface LoadSession<R> {
  /** `leadInSeconds`: first that long at the rate, unmeasured (runFanout). */
  run(rate: number, durationSeconds: number, tag: string, leadInSeconds?: number): Promise<R>;
  close(): void | Promise<void>;
}
