import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { stopWhenOutputCloses } from '../../../src/cli/output-closed.js';

const pipeError = (code: string) => Object.assign(new Error(`write ${code}`), { code });

describe('stopWhenOutputCloses', () => {
  it('stops once on the first EPIPE of either stream and drops the later ones', () => {
    const out = new EventEmitter();
    const err = new EventEmitter();
    let stops = 0;
    stopWhenOutputCloses(() => { stops++; }, [out, err] as never);
    err.emit('error', pipeError('EPIPE'));
    err.emit('error', pipeError('ERR_STREAM_DESTROYED'));
    out.emit('error', pipeError('EPIPE'));
    expect(stops).toBe(1);
  });

  it('lets any other write error through', () => {
    const err = new EventEmitter();
    stopWhenOutputCloses(() => undefined, [err] as never);
    expect(() => err.emit('error', pipeError('EIO'))).toThrow('write EIO');
  });

  it('removes its listeners', () => {
    const err = new EventEmitter();
    const remove = stopWhenOutputCloses(() => undefined, [err] as never);
    remove();
    expect(err.listenerCount('error')).toBe(0);
  });
});
