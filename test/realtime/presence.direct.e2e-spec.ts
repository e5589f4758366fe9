import { presenceSuite } from './suites/presence.suite.js';

presenceSuite('direct');
