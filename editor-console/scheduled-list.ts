/** A scheduled entry as the console lists it. */
export interface ScheduledItem {
  id: string;
  publishAt?: string | undefined;
  title?: string | undefined;
  body: string;
}

/** The article's scheduled entries, soonest first, each with a Cancel button. */
export function renderScheduledList(
  container: HTMLElement,
  scheduled: ScheduledItem[],
  cancel: (item: ScheduledItem) => void,
): void {
  container.replaceChildren(
    ...scheduled.map((item) => {
      const li = document.createElement("li");
      const when = item.publishAt ? new Date(item.publishAt).toLocaleString() : "?";
      li.textContent = `${when}: ${item.title ?? item.body.slice(0, 60)} `;
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "Cancel";
      button.addEventListener("click", () => cancel(item));
      li.append(button);
      return li;
    }),
  );
}
