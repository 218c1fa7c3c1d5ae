import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers.js';

// Every test file leaves the temp dir as it found it.
afterAll(removeTempDirs);
