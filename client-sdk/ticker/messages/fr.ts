import type { TickerMessages } from "./types.js";

/** French (a no-break space before the colon, as French typography wants). */
export const fr: TickerMessages = {
  states: {
    connecting: "Connexion…",
    live: "En direct",
    reconnecting: "Reconnexion…",
    offline: "Hors ligne",
  },
  polling: "En direct · actualisé toutes les quelques secondes",
  // `many` is French for round millions: "1 000 000 de nouvelles mises à jour".
  newUpdates: {
    one: "{count} nouvelle mise à jour",
    many: "{count} de nouvelles mises à jour",
    other: "{count} nouvelles mises à jour",
  },
  readingNow: { one: "{count} lecteur en ce moment", other: "{count} lecteurs en ce moment" },
  announce: "Nouvelle mise à jour\u00a0: {text}",
  loadEarlier: "Charger les mises à jour précédentes",
  ended: "Ce direct est terminé",
  keyEvents: "Les moments clés",
  pinned: "Épinglé",
  keyEvent: "Moment clé",
  updated: "Mis à jour",
  corrected: "Corrigé",
  loadPost: "Charger la publication {provider}",
  loadVideo: "Charger la vidéo {provider}",
  embedNotice: "Le chargement transmet des données à {provider}.",
  empty: "Aucune mise à jour pour l’instant.",
  unavailable: "Ce direct n’est pas disponible.",
  subscribersOnly: "Cet article est désormais réservé aux abonnés",
  feed: "Fil du direct",
  sinceLastVisit: {
    one: "{count} mise à jour depuis votre dernière visite",
    other: "{count} mises à jour depuis votre dernière visite",
  },
  jumpToLastVisit: "Reprendre là où vous vous étiez arrêté",
  leftOffHere: "Vous vous étiez arrêté ici",
  share: "Partager",
  linkCopied: "Lien copié",
  linkNotFound: "Mise à jour introuvable",
};
