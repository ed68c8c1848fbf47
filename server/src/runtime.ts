import type { ServiceRuntime } from './service';

/**
 * What the language service needs of where it runs, in Node and in a web worker alike: the clock,
 * and a next turn after the requests waiting now (setImmediate where there is one, else a timer).
 */
export const HOST_RUNTIME: ServiceRuntime = {
  now: () => Date.now(),
  nextTurn: (work) => {
    if (typeof setImmediate === 'function') setImmediate(work);
    else setTimeout(work, 0);
  },
};
