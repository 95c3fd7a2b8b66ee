#!/usr/bin/env node
/**
 * Installs the freshly built package into <repo>/node_modules/pulumi-alicloud-traffic as a real
 * copy (what `npm install pulumi-alicloud-traffic` would put there), so that programs in this repo
 * (examples/, the e2e tests' temp programs under .tmp/) import it from node_modules.
 *
 * Why a copy and not a symlink (`npm link`, `file:`): Pulumi serializes each dynamic resource's
 * provider; a module whose real path lies under node_modules is captured as a short
 * `require("pulumi-alicloud-traffic/...")`, anything else is serialized by value (see
 * docs/idempotency.md, "How the provider is stored in state").
 *
 * The copying is stage() in scripts/buildStamp.js, next to the check with which `npm start` decides
 * whether the staged copy is still what staging would copy now.
 */
"use strict";
const path = require("path");
const { stage } = require("./buildStamp");

stage(path.resolve(__dirname, ".."));
