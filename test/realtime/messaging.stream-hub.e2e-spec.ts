import { messagingSuite } from './suites/messaging.suite.js';

messagingSuite('stream-hub');
