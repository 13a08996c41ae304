/** Time for simulated clusters: the system clock, or a manual one tests move forward. */
package dev.hubflow.testkit.time;
