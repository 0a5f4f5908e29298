package dev.anvil.apiserver.kube;

/**
 * One {@code additionalPrinterColumns} entry of a CRD, with its JSONPath compiled.
 *
 * @param type OpenAPI type of the cells: string, integer, number, boolean or date
 * @param priority 0 for the default view, more for {@code -o wide} only
 */
public record PrinterColumn(String name, String type, String format, String description, int priority,
    ColumnPath path) {
}
