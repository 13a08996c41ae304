/**
 * Argo's {@code {{…}}} substitution over JSON text, model objects and plain strings: {@link
 * dev.hubflow.core.engine.template.Template}, with {@link
 * dev.hubflow.core.engine.template.Unresolved} saying which tags must resolve.
 */
package dev.hubflow.core.engine.template;
