/**
 * How much longer than on an idle machine a test may wait for something that must happen.
 * CI machines are shared: with two CPU burners beside the suite, spawning a process or
 * delivering a message takes about three times as long. These stretch bounds on a hang,
 * never sleeps: every wait still ends as soon as its event arrives.
 */
export const PATIENCE = 3;

/** `ms` as long as a busy machine needs. */
export const patient = (ms: number): number => ms * PATIENCE;
