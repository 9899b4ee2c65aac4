import type { TickerMessages } from "./types.js";

/** Spanish. Latin American sites may prefer "En vivo": override `states.live` and `polling`. */
export const es: TickerMessages = {
  states: {
    connecting: "Conectando…",
    live: "En directo",
    reconnecting: "Reconectando…",
    offline: "Sin conexión",
  },
  polling: "En directo · se actualiza cada pocos segundos",
  // `many` is Spanish for round millions: "1 000 000 de nuevas actualizaciones".
  newUpdates: {
    one: "{count} nueva actualización",
    many: "{count} de nuevas actualizaciones",
    other: "{count} nuevas actualizaciones",
  },
  readingNow: { one: "{count} lector ahora", other: "{count} lectores ahora" },
  announce: "Nueva actualización: {text}",
  loadEarlier: "Cargar actualizaciones anteriores",
  ended: "Este directo ha finalizado",
  keyEvents: "Momentos clave",
  pinned: "Fijado",
  keyEvent: "Momento clave",
  updated: "Actualizado",
  corrected: "Corregido",
  loadPost: "Cargar publicación de {provider}",
  loadVideo: "Cargar vídeo de {provider}",
  embedNotice: "Al cargarlo se envían datos a {provider}.",
  empty: "Aún no hay actualizaciones.",
  unavailable: "Este directo no está disponible.",
  subscribersOnly: "Este artículo ahora es solo para suscriptores",
  feed: "Actualizaciones en directo",
  sinceLastVisit: {
    one: "{count} actualización desde tu última visita",
    other: "{count} actualizaciones desde tu última visita",
  },
  jumpToLastVisit: "Ir a donde lo dejaste",
  leftOffHere: "Lo dejaste aquí",
  share: "Compartir",
  linkCopied: "Enlace copiado",
  linkNotFound: "Actualización no encontrada",
};
