// Sensor history as a uPlot line chart; uPlot loads only when a host page draws one.

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

/**
 * Draws points ([{t: epoch ms, up, sensors: {name: reading}}], oldest first) into el.
 * Returns { add(point) } to extend the chart live, or null when there is nothing to draw.
 */
export async function sensorChart(el, points) {
  const [{ default: uPlot }] = await Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]);
  const names = [...new Set(points.flatMap((p) => Object.keys(p.sensors || {})))].sort();
  if (!names.length) return null;
  const data = [[], ...names.map(() => [])];
  const push = (p) => {
    data[0].push(p.t / 1000);
    names.forEach((n, i) => data[i + 1].push(p.up && p.sensors && n in p.sensors ? p.sensors[n] : null));
  };
  points.forEach(push);
  const width = () => Math.max(320, el.clientWidth || 640);
  const plot = new uPlot({
    width: width(),
    height: 260,
    series: [{}, ...names.map((n, i) => ({ label: n, stroke: COLOURS[i % COLOURS.length], width: 1.5, spanGaps: false }))],
    axes: [{}, { size: 60 }],
  }, data, el);
  const onResize = () => plot.setSize({ width: width(), height: 260 });
  window.addEventListener('resize', onResize);
  return {
    add(p) {
      if (data[0].length && p.t / 1000 <= data[0][data[0].length - 1]) return;
      push(p);
      plot.setData(data);
    },
    destroy() {
      window.removeEventListener('resize', onResize);
      plot.destroy();
    },
  };
}
