// The engine the lifecycle integration tests clear with: the real one (lib/clearing, HiGHS).
export { clearingEngine as testEngine } from '../../../lib/composition/engine';
