// The engine the lifecycle integration tests clear with.
import { FakeEngineTestDouble } from '../../unit/lifecycle/fake-engine.test-double';

export const testEngine = new FakeEngineTestDouble();
