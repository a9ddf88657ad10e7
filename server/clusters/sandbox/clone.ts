// Deep copies of API objects (plain JSON: no cycles, dates or class instances). rfdc copies them about four times
// faster than structuredClone, and the object store copies on every read and write: at 50 seats, a tenth of the
// server's time went to structuredClone.
import rfdc from 'rfdc';

export const cloneJson: <T>(value: T) => T = rfdc({ proto: false, circles: false });
