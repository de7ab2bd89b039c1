// The API response shapes the CLI reads: the very schemas the API validates its responses with.
export { AuctionSchema as AuctionResponseSchema, AuctionPageSchema as AuctionPageResponseSchema } from '../../schemas/api/auctions';
export { StoredBidSchema as BidResponseSchema, BidPageSchema as BidPageResponseSchema } from '../../schemas/api/bids';
export { CreatedKeySchema as CreatedKeyResponseSchema } from '../../schemas/api/keys';
export { ForecastSchema as ForecastResponseSchema } from '../../schemas/api/forecasts';
