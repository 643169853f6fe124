import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeListening, parseProcNetTcp, pastListeners } from '../../runtime-helper/forward/listeningPorts';

// Rows as /proc/net/tcp6 prints them, cut after the inode column.
const HEADER = '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const LISTEN_ALL = '   0: 00000000000000000000000000000000:2329 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 101 1\n';
const LISTEN_LOOPBACK = '   1: 0000000000000000FFFF00000100007F:1B5A 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 102 1\n';
const TIME_WAIT = '   2: 0000000000000000FFFF0000020011AC:2329 0000000000000000FFFF0000010011AC:9EAE 06 00000000:00000000 03:0000024F 00000000     0        0 0 3\n';

describe('listening ports', () => {
  test('listeners are read with their address; other rows are not', () => {
    const ports = parseProcNetTcp(HEADER + LISTEN_ALL + LISTEN_LOOPBACK + TIME_WAIT);
    assert.deepEqual(ports, [
      { port: 9001, bind: 'all', inode: '101' },
      { port: 7002, bind: 'loopback', inode: '102' },
    ]);
    assert.equal(mergeListening([...ports, { port: 9001, bind: 'loopback', inode: '103' }]).get(9001)?.bind, 'all');
  });

  test('the listening section ends at the first row in another state', () => {
    assert.equal(pastListeners(HEADER), false);
    assert.equal(pastListeners(HEADER + LISTEN_ALL + LISTEN_LOOPBACK), false);
    assert.equal(pastListeners(HEADER + LISTEN_ALL + TIME_WAIT), true);
  });
});
