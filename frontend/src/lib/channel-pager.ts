/**
 * Walks the paged channel list (GET /v1/api/channels?limit=&after=) one page at a time: the cursor of the
 * page shown, the cursors of the pages before it (so Previous needs no cursor from the server), and
 * whether a next page exists. Pages before the one shown were full when they were read, so the shown
 * page starts at (pages before) * pageSize + 1.
 */
export class ChannelPager {
  private readonly before: (string | null)[] = [];
  private current: string | null = null;
  private following: string | null = null;

  constructor(readonly pageSize = 100) {
  }

  /** The `after` of the page shown; null for the first page. */
  get after(): string | null {
    return this.current;
  }

  get hasNext(): boolean {
    return this.following !== null;
  }

  get hasPrevious(): boolean {
    return this.before.length > 0;
  }

  /** Position of the first channel of the page shown, counting from 1. */
  get firstPosition(): number {
    return this.before.length * this.pageSize + 1;
  }

  /**
   * Takes in the page just read. Returns false when the page came back empty although pages precede it
   * (its channels were forgotten meanwhile): the pager has stepped back and the caller should read again.
   */
  loaded(page: { channels: unknown[]; next: string | null }): boolean {
    this.following = page.next;
    if (page.channels.length === 0 && this.hasPrevious) {
      this.back();
      return false;
    }
    return true;
  }

  /** Moves to the next page; false when there is none. */
  forward(): boolean {
    if (this.following === null) {
      return false;
    }
    this.before.push(this.current);
    this.current = this.following;
    this.following = null;
    return true;
  }

  /** Moves to the previous page; false on the first. */
  back(): boolean {
    if (this.before.length === 0) {
      return false;
    }
    this.current = this.before.pop() ?? null;
    this.following = null;
    return true;
  }

  /** Back to the first page. */
  reset(): void {
    this.before.length = 0;
    this.current = null;
    this.following = null;
  }
}
