/** data/geo/*.geojson, as build.mjs's geo-shapes plugin turns them into a module. */
declare module '*.geojson' {
  /** One unit's outline: kommunkod or länskod, name, länskod of its region, SVG path data. */
  const shapes: { code: string; name: string; region: string; d: string }[];
  export default shapes;
}
