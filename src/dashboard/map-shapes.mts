/** The boundaries (data/geo), in their own chunk: loaded when the first map is drawn. */
import kommuner from '../../data/geo/kommuner.geojson';
import lan from '../../data/geo/lan.geojson';

export { kommuner, lan };
