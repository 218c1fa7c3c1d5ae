import { describe, expect, it } from 'vitest';
import { PROTOCOLS, PROTOCOL_SPECS } from '../../src/consensus/protocols/index.js';
import { validateScenario } from '../../src/kinds/index.js';

describe('the protocol list is the registry of protocol descriptions', () => {
  it('lists every registered protocol, in the registry order', () => {
    expect(PROTOCOLS).toEqual(Object.keys(PROTOCOL_SPECS));
    expect(PROTOCOLS).toEqual([
      'pbft',
      'tendermint',
      'hotstuff',
      'hotstuff-bls',
      'chained-hotstuff',
      'chained-hotstuff-bls',
      'chained-hotstuff-secp256k1',
      'hotstuff-2chain',
      'hotstuff-2chain-bls',
    ]);
  });

  it('names each description after its key', () => {
    for (const name of PROTOCOLS) expect(PROTOCOL_SPECS[name].name).toBe(name);
  });

  it('is what a scenario may name, and what its error lists', () => {
    const scenario = (protocols: string[]) => ({ name: 's', cases: [{ op: 'consensus', protocols }] });
    expect(validateScenario(scenario([...PROTOCOLS]), 's.json', ['noble', 'node']).cases).toHaveLength(1);
    expect(() => validateScenario(scenario(['raft']), 's.json', ['noble', 'node'])).toThrow(
      `s.json: cases[0].protocols[0] must be one of ${PROTOCOLS.join(', ')}, got "raft"`,
    );
  });
});
