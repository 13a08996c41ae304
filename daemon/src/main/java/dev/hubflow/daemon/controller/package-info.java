/**
 * {@code hubflow controller}: the controller process in the hub, with its clusters, leader
 * election, health and metrics endpoints, and logging.
 */
package dev.hubflow.daemon.controller;
