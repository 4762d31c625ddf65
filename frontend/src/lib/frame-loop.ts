/**
 * The one requestAnimationFrame loop of the dashboard. Messages only update stores; every view draws
 * here, once per frame, whatever the message rate. It also counts frames, so the frame rate can be shown
 * and measured (window.__herald.frames, read by the end-to-end test).
 */
export type FrameTask = (now: number) => void;

export class FrameLoop {
  frames = 0;
  /** frames per second over the last second */
  fps = 0;
  private readonly tasks = new Set<FrameTask>();
  private running = false;
  private handle = 0;
  private windowStart = 0;
  private windowFrames = 0;

  add(task: FrameTask): () => void {
    this.tasks.add(task);
    return () => this.tasks.delete(task);
  }

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.handle = requestAnimationFrame(this.tick);
  }

  stop(): void {
    this.running = false;
    cancelAnimationFrame(this.handle);
  }

  private readonly tick = (now: number): void => {
    if (!this.running) {
      return;
    }
    this.frames++;
    this.windowFrames++;
    if (now - this.windowStart >= 1000) {
      this.fps = (this.windowFrames * 1000) / (now - this.windowStart);
      this.windowStart = now;
      this.windowFrames = 0;
    }
    for (const task of this.tasks) {
      try {
        task(now);
      } catch (error) {
        console.error('a view failed to draw', error);
      }
    }
    this.handle = requestAnimationFrame(this.tick);
  };
}
