#!/usr/bin/env node
import { openLdapDirectory } from './directory/ldap-directory.js';
import { run } from './program.js';
import { inquirerPrompts } from './ui/prompts.js';

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: process.stdin.isTTY ?? false,
  env: process.env,
  openDirectory: openLdapDirectory,
  prompts: inquirerPrompts,
});
