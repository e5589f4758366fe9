#!/usr/bin/env node
// `node scripts/with-node.mjs <command> [args…]`: runs the command on the project's Node (see project-node.mjs)
// without the rest of the setup, for commands that need no build (unit specs).
import { runToEnd, useProjectNode } from './project-node.mjs';

useProjectNode();
runToEnd(process.argv.slice(2));
