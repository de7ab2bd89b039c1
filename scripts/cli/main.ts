console.log('broker cli placeholder', process.argv.slice(2));
