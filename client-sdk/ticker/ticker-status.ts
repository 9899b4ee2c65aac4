import type { Article, ConnectionState, Transport } from "../types.js";
import type { TickerLabels } from "./labels.js";
import type { TickerView } from "./ticker-view.js";

/**
 * What a ticker says about where things stand: the connection's state in the header's status
 * line, and the article's title and whether its coverage has ended.
 */
export class TickerStatus {
  #state: ConnectionState = "connecting";
  #transport: Transport = "websocket";
  #ended = false;

  /** Shows the connection's state; without one, the current state again (new labels, the end). */
  show(
    view: TickerView,
    labels: TickerLabels,
    state: ConnectionState = this.#state,
    transport: Transport = this.#transport,
  ): void {
    this.#state = state;
    this.#transport = transport;
    const { status } = view;
    // Polling is still live to the reader; only the pace differs, and the status says so.
    const polling = state === "live" && transport === "polling";
    status.textContent = polling ? labels.polling : labels.states[state];
    status.dataset.state = state;
    status.dataset.transport = transport;
    // "Live" beside "Coverage has ended" reads as a contradiction; trouble still shows.
    status.hidden = this.#ended && state === "live";
  }

  /** Shows the article's title, and "Coverage has ended" once it has. */
  article(view: TickerView, labels: TickerLabels, article: Article): void {
    view.title.textContent = article.title;
    this.#ended = article.status === "ended";
    view.ended.hidden = !this.#ended;
    this.show(view, labels);
  }
}
