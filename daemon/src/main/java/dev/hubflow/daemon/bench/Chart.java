package dev.hubflow.daemon.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Throughput (workflows per minute) against the number of workflows created at once, from a
 * report's burst and spokes results, with the floor and Argo's published rates as reference lines.
 * Drawn with Java2D, headless.
 */
final class Chart {
  static final int WIDTH = 1010;
  static final int HEIGHT = 560;
  private static final int LEFT = 90;
  private static final int RIGHT = 330;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final Color[] COLOURS = {
    new Color(0x1f77b4),
    new Color(0x2ca02c),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0x17becf),
    new Color(0xbcbd22)
  };

  /**
   * One line of the chart: its points (number of workflows → per minute).
   *
   * @param partial runs that gave up before all had finished: the rate until then, drawn hollow
   */
  record Series(String label, Map<Integer, Double> points, boolean partial) {}

  private Chart() {}

  /** The series a report holds: hubflow per spoke count, and the floor. */
  static List<Series> series(Report report) {
    Map<String, Map<Integer, Double>> lines = new LinkedHashMap<>();
    Map<Integer, Double> unfinished = new java.util.TreeMap<>();
    for (ScenarioResult r : report.results()) {
      if (!(r.scenario().equals("burst") || r.scenario().equals("spokes"))) {
        continue;
      }
      if (r.scenario().equals("burst")) {
        // The floor ran even when hubflow gave up.
        r.figure("floor pods/minute")
            .ifPresent(
                f ->
                    lines
                        .computeIfAbsent("floor (plain pods)", k -> new java.util.TreeMap<>())
                        .put(r.size(), f.value()));
      }
      if (!r.completed()) {
        var done = r.figure(Scenarios.FINISHED);
        var seconds = r.figure(Scenarios.GAVE_UP_AFTER);
        if (done.isPresent() && seconds.isPresent() && seconds.get().value() > 0) {
          unfinished.put(r.size(), done.get().value() * 60 / seconds.get().value());
        }
        continue;
      }
      String label =
          r.scenario().equals("burst") ? "hubflow, burst" : "hubflow, " + r.spokes() + " spoke(s)";
      r.figure("workflows/minute")
          .ifPresent(
              f ->
                  lines
                      .computeIfAbsent(label, k -> new java.util.TreeMap<>())
                      .put(r.size(), f.value()));
    }
    List<Series> out = new ArrayList<>();
    lines.forEach((k, v) -> out.add(new Series(k, v, false)));
    if (!unfinished.isEmpty()) {
      out.add(new Series("hubflow, gave up at the timeout (rate until then)", unfinished, true));
    }
    return out;
  }

  static BufferedImage draw(Report report) {
    List<Series> series = series(report);
    Map<String, Double> references = new LinkedHashMap<>();
    references.put("Argo, default settings (≈270/min)", 270.0);
    references.put("Argo, 5 sharded controllers (≈2,100/min)", 2100.0);
    references.put("goal (3,000/min)", 3000.0);

    double maxX = 1;
    double maxY = 1;
    for (Series s : series) {
      for (Map.Entry<Integer, Double> p : s.points().entrySet()) {
        maxX = Math.max(maxX, p.getKey());
        maxY = Math.max(maxY, p.getValue());
      }
    }
    for (double v : references.values()) {
      maxY = Math.max(maxY, v);
    }
    maxX = niceCeiling(maxX);
    maxY = niceCeiling(maxY * 1.05);

    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      int plotW = WIDTH - LEFT - RIGHT;
      int plotH = HEIGHT - TOP - BOTTOM;

      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString("hubflow bench: workflows/minute vs workflows created at once", LEFT, 28);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      String when =
          report.about().getOrDefault("date", "") + " " + report.about().getOrDefault("commit", "");
      g.drawString(when.trim(), LEFT, 44);

      // Grid and axes.
      for (int i = 0; i <= 5; i++) {
        int y = TOP + plotH - plotH * i / 5;
        int x = LEFT + plotW * i / 5;
        g.setColor(new Color(0xdddddd));
        g.drawLine(LEFT, y, LEFT + plotW, y);
        g.drawLine(x, TOP, x, TOP + plotH);
        g.setColor(Color.BLACK);
        String yl = String.format(Locale.ROOT, "%,.0f", maxY * i / 5);
        g.drawString(yl, LEFT - 8 - g.getFontMetrics().stringWidth(yl), y + 4);
        String xl = String.format(Locale.ROOT, "%,.0f", maxX * i / 5);
        g.drawString(xl, x - g.getFontMetrics().stringWidth(xl) / 2, TOP + plotH + 18);
      }
      g.drawRect(LEFT, TOP, plotW, plotH);
      g.drawString("workflows created at once", LEFT + plotW / 2 - 70, HEIGHT - 18);
      Graphics2D rotated = (Graphics2D) g.create();
      rotated.rotate(-Math.PI / 2);
      rotated.drawString("workflows (or floor pods) per minute", -(TOP + plotH / 2 + 100), 22);
      rotated.dispose();

      int legendY = TOP + 10;
      // Reference lines: dashed, grey shades.
      Color[] refColours = {new Color(0xd62728), new Color(0xff7f0e), new Color(0x555555)};
      int ri = 0;
      for (Map.Entry<String, Double> ref : references.entrySet()) {
        Color c = refColours[ri++ % refColours.length];
        int y = TOP + plotH - (int) Math.round(plotH * ref.getValue() / maxY);
        g.setColor(c);
        g.setStroke(
            new BasicStroke(
                1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0));
        g.drawLine(LEFT, y, LEFT + plotW, y);
        legendY = legend(g, c, true, ref.getKey(), LEFT + plotW + 12, legendY);
      }
      g.setStroke(new BasicStroke(2.2f));
      int si = 0;
      for (Series s : series) {
        Color c = COLOURS[si++ % COLOURS.length];
        g.setColor(c);
        int px = -1;
        int py = -1;
        for (Map.Entry<Integer, Double> p : s.points().entrySet()) {
          int x = LEFT + (int) Math.round(plotW * p.getKey() / maxX);
          int y = TOP + plotH - (int) Math.round(plotH * p.getValue() / maxY);
          if (s.partial()) {
            g.drawOval(x - 5, y - 5, 10, 10);
            continue;
          }
          g.fillOval(x - 4, y - 4, 8, 8);
          if (px >= 0) {
            g.drawLine(px, py, x, y);
          }
          px = x;
          py = y;
        }
        legendY = legend(g, c, false, s.label(), LEFT + plotW + 12, legendY);
        if (s.partial()) {
          g.setStroke(new BasicStroke(2.2f));
        }
      }
      if (series.isEmpty()) {
        g.setColor(Color.GRAY);
        g.drawString("no burst or spokes results in this report", LEFT + 20, TOP + 20);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  static void write(Report report, Path png) throws IOException {
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      java.nio.file.Files.createDirectories(parent);
    }
    if (!ImageIO.write(draw(report), "png", png.toFile())) {
      throw new IOException("no PNG writer in this Java runtime");
    }
  }

  private static int legend(Graphics2D g, Color c, boolean dashed, String label, int x, int y) {
    g.setColor(c);
    g.setStroke(
        dashed
            ? new BasicStroke(
                1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0)
            : new BasicStroke(2.2f));
    g.drawLine(x, y, x + 22, y);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawString(label, x + 28, y + 4);
    return y + 20;
  }

  /** 1, 2 or 5 times a power of ten, at least {@code v}. */
  static double niceCeiling(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }
}
