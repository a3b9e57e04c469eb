package io.osprey.api.service;

import java.util.ArrayList;
import java.util.List;

/**
 * What a command answers: text for humans (printed by {@code ctl}) and data for scripts (printed by
 * {@code ctl --json}, serialised with Jackson: maps, lists, strings, numbers, records).
 */
public record CommandResult(String text, Object data) {

    public static CommandResult text(String text) {
        return new CommandResult(text, text);
    }

    public static CommandResult of(String text, Object data) {
        return new CommandResult(text, data);
    }

    /**
     * A table with left-aligned columns, headers first. Cells are printed with {@link String#valueOf(Object)}.
     */
    public static CommandResult table(List<String> headers, List<? extends List<?>> rows, Object data) {
        return new CommandResult(renderTable(headers, rows), data);
    }

    /** Renders rows as aligned columns separated by two spaces. */
    public static String renderTable(List<String> headers, List<? extends List<?>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        for (List<?> row : rows) {
            List<String> cells = new ArrayList<>(row.size());
            for (Object cell : row) {
                cells.add(String.valueOf(cell));
            }
            all.add(cells);
        }
        int columns = headers.size();
        int[] width = new int[columns];
        for (List<String> row : all) {
            for (int c = 0; c < columns && c < row.size(); c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = c < row.size() ? row.get(c) : "";
                line.append(cell);
                if (c < columns - 1) {
                    line.append(" ".repeat(width[c] - cell.length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
