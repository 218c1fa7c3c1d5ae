import { pbft } from './pbft.js';
import { tendermint } from './tendermint.js';
import { hotstuff, hotstuffBls } from './hotstuff.js';
import type { ProtocolName, ProtocolSpec } from '../types.js';

export const PROTOCOL_SPECS: Record<ProtocolName, ProtocolSpec> = {
  pbft,
  tendermint,
  hotstuff,
  'hotstuff-bls': hotstuffBls,
};

export function protocolSpec(name: ProtocolName): ProtocolSpec {
  return PROTOCOL_SPECS[name];
}
