import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { District, Kommungrupp, Municipality, Region } from '../../entities/index.js';
import type { Context } from '../context.js';
import { BadUserInputError, NotFoundError } from '../errors.js';
import { pageOf } from '../pagination.js';
import { listDistricts, listMunicipalities, listRegions } from '../queries/geography.js';
import { Connection } from '../types/connection.type.js';
import { PageArgs } from '../types/page.args.js';

@ObjectType({ description: 'A page of municipalities.' })
class MunicipalityConnection extends Connection(Municipality) {}

@ArgsType()
class MunicipalitiesArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only municipalities in this region (länskod, e.g. "04").' })
  regionCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only municipalities in this kommungrupp (A1…C9).' })
  kommungrupp?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only these kommunkoder (at most 300).' })
  codes?: string[] | null;
}

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => [Region], { description: 'All 21 regions (län), in Swedish order of name.' })
  regions(@Ctx() { db }: Context): Promise<Region[]> {
    return listRegions(db);
  }

  @Query(() => Region, {
    description: 'One region by länskod ("01"…"25") or Kolada id ("0001"…). NOT_FOUND if unknown.',
  })
  async region(@Arg('code', () => String) code: string, @Ctx() { loaders }: Context): Promise<Region> {
    const key = /^00\d{2}$/.test(code) ? code.slice(2) : code;
    return (await loaders.regionByCode.load(key)) ?? Promise.reject(new NotFoundError('region', code));
  }

  @FieldResolver(() => [Municipality], { description: 'The municipalities of the region, in Swedish order.' })
  municipalities(@Root() region: Region, @Ctx() { loaders }: Context): Promise<Municipality[]> {
    return loaders.municipalitiesByRegion.load(region.regionCode);
  }
}

@Resolver(() => Municipality)
export class MunicipalityResolver {
  @Query(() => MunicipalityConnection, {
    description: 'Municipalities in Swedish order, filtered and paged (one page holds all 290).',
  })
  async municipalities(@Args(() => MunicipalitiesArgs) args: MunicipalitiesArgs, @Ctx() { db, limits }: Context) {
    if (args.codes && args.codes.length > limits.maxListArgument) {
      throw new BadUserInputError(
        `codes takes at most ${limits.maxListArgument} values, got ${args.codes.length}`,
        'codes',
      );
    }
    return pageOf(await listMunicipalities(db, args), args.first, args.after, limits.maxPageSize);
  }

  @Query(() => Municipality, { description: 'One municipality by its 4-digit kommunkod. NOT_FOUND if unknown.' })
  async municipality(@Arg('code', () => String) code: string, @Ctx() { loaders }: Context): Promise<Municipality> {
    return (await loaders.municipalityByCode.load(code)) ?? Promise.reject(new NotFoundError('municipality', code));
  }

  @FieldResolver(() => Region)
  async region(@Root() m: Municipality, @Ctx() { loaders }: Context): Promise<Region> {
    return (await loaders.regionByCode.load(m.regionCode))!;
  }

  @FieldResolver(() => Kommungrupp, { description: "SKR kommungrupp 2023: the municipality's peer group." })
  async kommungrupp(@Root() m: Municipality, @Ctx() { loaders }: Context): Promise<Kommungrupp> {
    return (await loaders.kommungruppByCode.load(m.kommungruppCode))!;
  }

  @FieldResolver(() => [District], {
    description: 'Sub-municipal reporting units (stadsdelsområden); empty for most municipalities.',
  })
  districts(@Root() m: Municipality, @Ctx() { loaders }: Context): Promise<District[]> {
    return loaders.districtsByMunicipality.load(m.municipalityCode);
  }
}

@Resolver(() => District)
export class DistrictResolver {
  @Query(() => [District], {
    description: 'Districts (stadsdelsområden), optionally of one municipality, in Swedish order.',
  })
  districts(
    @Arg('municipalityCode', () => String, { nullable: true }) municipalityCode: string | null,
    @Ctx() { db }: Context,
  ): Promise<District[]> {
    return listDistricts(db, municipalityCode);
  }

  @FieldResolver(() => Municipality, { description: 'The municipality the district belongs to.' })
  async municipality(@Root() d: District, @Ctx() { loaders }: Context): Promise<Municipality> {
    return (await loaders.municipalityByCode.load(d.municipalityCode))!;
  }
}

@Resolver(() => Kommungrupp)
export class KommungruppResolver {
  @FieldResolver(() => [Municipality], { description: 'Member municipalities, in Swedish order.' })
  municipalities(@Root() g: Kommungrupp, @Ctx() { loaders }: Context): Promise<Municipality[]> {
    return loaders.municipalitiesByKommungrupp.load(g.kommungruppCode);
  }
}
