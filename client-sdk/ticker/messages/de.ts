import type { TickerMessages } from "./types.js";

/** German. */
export const de: TickerMessages = {
  states: { connecting: "Verbinde…", live: "Live", reconnecting: "Verbinde erneut…", offline: "Offline" },
  polling: "Live · Aktualisierung alle paar Sekunden",
  newUpdates: { one: "{count} neuer Beitrag", other: "{count} neue Beiträge" },
  readingNow: { one: "{count} liest gerade", other: "{count} lesen gerade" },
  announce: "Neuer Beitrag: {text}",
  loadEarlier: "Ältere Beiträge laden",
  ended: "Dieser Liveticker ist beendet",
  keyEvents: "Das Wichtigste",
  pinned: "Angeheftet",
  keyEvent: "Wichtig",
  updated: "Aktualisiert",
  corrected: "Korrigiert",
  loadPost: "{provider}-Beitrag laden",
  loadVideo: "{provider}-Video laden",
  embedNotice: "Beim Laden gehen Daten an {provider}.",
  empty: "Noch keine Beiträge.",
  unavailable: "Dieser Liveticker ist nicht verfügbar.",
  subscribersOnly: "Dieser Artikel ist jetzt Abonnenten vorbehalten",
  feed: "Liveticker",
  sinceLastVisit: {
    one: "{count} neuer Beitrag seit Ihrem letzten Besuch",
    other: "{count} neue Beiträge seit Ihrem letzten Besuch",
  },
  jumpToLastVisit: "Weiterlesen, wo Sie aufgehört haben",
  leftOffHere: "Hier haben Sie aufgehört",
  share: "Teilen",
  linkCopied: "Link kopiert",
  linkNotFound: "Beitrag nicht gefunden",
};
