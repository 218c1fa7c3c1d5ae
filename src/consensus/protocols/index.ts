/** The protocols chainmark simulates, by name: adding one is a description file and a line here. */
import { pbft } from './pbft.js';
import { tendermint } from './tendermint.js';
import { hotstuff, hotstuffBls } from './hotstuff.js';
import {
  chainedHotstuff,
  chainedHotstuffBls,
  chainedHotstuffSecp256k1,
  hotstuff2chain,
  hotstuff2chainBls,
} from './chained.js';
import type { ProtocolSpec } from '../protocol.js';

export const PROTOCOL_SPECS = {
  pbft,
  tendermint,
  hotstuff,
  'hotstuff-bls': hotstuffBls,
  'chained-hotstuff': chainedHotstuff,
  'chained-hotstuff-bls': chainedHotstuffBls,
  'chained-hotstuff-secp256k1': chainedHotstuffSecp256k1,
  'hotstuff-2chain': hotstuff2chain,
  'hotstuff-2chain-bls': hotstuff2chainBls,
} as const satisfies Record<string, ProtocolSpec>;

export type ProtocolName = keyof typeof PROTOCOL_SPECS;

/** Every protocol's name, in the registry's order. */
export const PROTOCOLS = Object.keys(PROTOCOL_SPECS) as ProtocolName[];

export function protocolSpec(name: ProtocolName): ProtocolSpec {
  return PROTOCOL_SPECS[name];
}
