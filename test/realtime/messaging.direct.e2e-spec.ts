import { messagingSuite } from './suites/messaging.suite.js';

messagingSuite('direct');
